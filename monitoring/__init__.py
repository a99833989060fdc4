"""Availability and TLS monitoring (issue #17, part 2): an extra module beside the two methodologies.

    targets file (+ its `monitor:` section) -> hosts.py (every body's site hosts, the portal hosts, hand-off hosts)
    -> scheduler.py (rounds at a fixed interval) -> sampler.py (gated HEAD then GET, classify.py) + tls.py
    -> store.py (samples appended to run.sqlite) -> availability.py (A = 100 % - downtime/total x 100, seed 000)
    -> output.py (availability.json) -> reports/availability.py (report page and workbook sheets)

Its figures are never mixed into the official scores (scoring/ does not read them). See docs/monitoring.md.
"""
