# Step 5 of a sweep (lib.sh).
scale_step
