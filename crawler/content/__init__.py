"""What the Appendix 5 and 6 items are called: the concept dictionaries (dictionaries/*.yaml) and the phrase
matching with morphology that both the audits and the mobile gatherer use."""
