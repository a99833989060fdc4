"""The ground layer: the contracts every other package shares (errors, findings, targets, the run log,
input files, site artifacts, the HTML parser, the readings registry). It imports nothing of ours, so crawler/,
audits/, scoring/, reports/ and the orchestration on top may all import it."""
