"""The draft shown back with its risky passages marked: numbered findings, and
the text cut into segments, each with the findings that cover it, for the
template (and the page's script does the same from the API's answer)."""


def numbered(findings):
    """The findings with a number each, as the page lists them."""
    return [{**f, "number": n} for n, f in enumerate(findings, start=1)]


def segments(text, findings):
    """[{"text", "numbers": [n covering it], "starts": [findings starting here]}]."""
    spans = [f for f in findings if f["end"] > f["start"]]
    cuts = sorted({0, len(text), *(f["start"] for f in spans), *(f["end"] for f in spans)})
    result = []
    for start, end in zip(cuts, cuts[1:], strict=False):
        covering = [f for f in spans if f["start"] <= start and end <= f["end"]]
        result.append(
            {
                "text": text[start:end],
                "numbers": [f["number"] for f in covering],
                "starts": [f for f in covering if f["start"] == start],
            }
        )
    return result
