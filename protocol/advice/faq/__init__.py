"""Frequently asked questions: an answered advice request, anonymised and
approved by the Monitoring Officer, published for every reader of the protocol.

Entries are drafted from a request (question and answer pre-filled), edited in
the admin, and published or withdrawn by the Monitoring Officer
(``advice.publish_faqentry``) through ``faq.workflow``. A published entry is
shown on the FAQ page (/faq/), under its sections on the section pages, and in
search results; withdrawing it takes it out of all three at once.
"""
