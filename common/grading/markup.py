"""Markdown a hostile message cannot break: numbers as people read them,
literal text, inline code and fenced blocks whatever backticks they hold."""
import re


def num(x):
    """3 for 3.0, 2.35 for 2.3456: points as people read them."""
    return int(x) if float(x).is_integer() else round(float(x), 2)


def md(text):
    """One line of text that Markdown shows as it is: no emphasis, link, HTML,
    code span or table cell can start inside it (it never starts a line, so
    no heading or list either)."""
    text = " ".join(str(text).split())
    return re.sub(r"([\\`*_\[\]<>|])", r"\\\1", text)


def code(text):
    """``text`` as inline code, whatever backticks it holds."""
    text = " ".join(str(text).split())
    ticks = "`" * (1 + max((len(run) for run in re.findall(r"`+", text)), default=0))
    return f"{ticks} {text} {ticks}"


def fenced(lines):
    """Lines as an indented code block whose fence no line can close."""
    lines = list(lines)
    longest = max((len(run) for line in lines for run in re.findall(r"`{3,}|~{3,}", line)), default=0)
    fence = "`" * max(3, longest + 1)
    return ["", "  " + fence, *("  " + line for line in lines), "  " + fence]
