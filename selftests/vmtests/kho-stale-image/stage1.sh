si_stage 0
