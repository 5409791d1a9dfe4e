# Stage 2 of kaslr-chain (lib.sh: kc_stage).
kc_stage
