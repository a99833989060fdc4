"""Pure audits: stored artifacts in, findings out. No I/O, no browsers."""
