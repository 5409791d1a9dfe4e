refused "malformed FDT structure (FDT_ERR_TRUNCATED)"
corrupt_and_kexec compatible
