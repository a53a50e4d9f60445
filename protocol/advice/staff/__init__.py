"""The staff workspace at /staff/: where the Monitoring Officer and the
communications team answer advice requests, outside the Django admin (which
stays for configuration: topics, routing, canned replies)."""
