# Step 4 of a sweep (lib.sh).
scale_step
