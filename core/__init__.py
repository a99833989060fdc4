"""The ground layer: contracts every other package shares (issue #13 item 6 moves the rest here). It imports
nothing of ours but the error types, so crawler/, audits/, scoring/ and reports/ may all import it."""
