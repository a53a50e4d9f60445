from protocol.views.reading import contents, section, versions, whole_document

__all__ = ["contents", "section", "versions", "whole_document"]
