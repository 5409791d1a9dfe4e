# Step 1 of a sweep (lib.sh).
scale_step
