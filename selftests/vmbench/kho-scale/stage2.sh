# Step 2 of a sweep (lib.sh).
scale_step
