"""Excel self-assessment forms: written for each unit (`emul forms`), read back (`emul import`)."""
