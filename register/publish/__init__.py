"""Papers as files: joining a version of the register to the paper models and the Word writer."""
