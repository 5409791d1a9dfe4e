# Stage 9 of kaslr-chain (lib.sh: kc_stage).
kc_stage
