refused "root compatible is not"
corrupt_and_kexec kernel-range
