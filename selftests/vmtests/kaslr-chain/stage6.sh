# Stage 6 of kaslr-chain (lib.sh: kc_stage).
kc_stage
