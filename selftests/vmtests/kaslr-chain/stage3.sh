# Stage 3 of kaslr-chain (lib.sh: kc_stage).
kc_stage
