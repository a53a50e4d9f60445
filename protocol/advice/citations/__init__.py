"""Citations: a staff reply names the sections or rules of the protocol it relies
on, with the version it read them in; when a later version changes one of them,
the request (and any FAQ entry made from it) is flagged "re-check against
version N" until staff mark it re-checked.

``protocol.publishing.publish`` calls ``flag_after_publish`` (in
``citations.workflow``) inside its transaction.
"""
