# Step 6 of a sweep (lib.sh).
scale_step
