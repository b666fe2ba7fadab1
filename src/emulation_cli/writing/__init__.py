"""The file system, safely: files written atomically, folders locked, control files checked, link loops named."""
