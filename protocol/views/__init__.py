from protocol.views.reading import (
    acknowledge,
    as_of,
    compare,
    contents,
    section,
    versions,
    whole_document,
)

__all__ = ["acknowledge", "as_of", "compare", "contents", "section", "versions", "whole_document"]
