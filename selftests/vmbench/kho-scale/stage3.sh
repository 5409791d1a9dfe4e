# Step 3 of a sweep (lib.sh).
scale_step
