"""A safe YAML reader for plan files: the document's node tree, each node with its line.

Plan files come from outside, so the tree is composed here, from the parser's events, without
recursion: nesting is bounded (PyYAML's own composer overflows the stack, and its C version
crashes the process, on a few thousand brackets) and aliases are refused where they stand, so
a "billion laughs" file or a self-referring one never grows into a graph to walk. Nothing is
constructed here: the validator turns scalars into values one by one.
"""

from __future__ import annotations


import yaml

from qtrack.errors import PlanFileError, Problem
from qtrack.i18n import _

MAX_NESTING = 64  # YAML levels; a plan with five levels of sub-tasks uses about 16
# libyaml's parser where the wheel has it (ten times faster on a big plan), else PyYAML's own.
Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
STR = "tag:yaml.org,2002:str"


class Node:
    """A YAML node as the reader needs it: tag, value and the line it starts on (1-based).

    PyYAML's own nodes carry a __dict__ and two marks of six fields each; a 100,000-task file
    is two million nodes, and those made most of the import's peak memory."""

    __slots__ = ("tag", "value", "line")

    def __init__(self, tag: str, value, line: int):
        self.tag, self.value, self.line = tag, value, line


class Scalar(Node):
    """A scalar as the file wrote it. Its style (quoted or not) is not kept: the tag already says
    what a plain scalar resolved to, and a field per node is 30 MB on a 100,000-task plan."""

    __slots__ = ()
    explicit = False  # whether the file wrote the tag (!!int 7): a class of its own when it did

    def __init__(self, tag: str, value: str, line: int):
        # Set here rather than through Node.__init__: two million scalars, one call each fewer.
        self.tag, self.value, self.line = tag, value, line


class ExplicitScalar(Scalar):
    __slots__ = ()
    explicit = True


class Sequence(Node):
    """A plain text item on the list's own line (`lead: [质量司, 检验司]`) is kept as its bare str
    (see _compose): items() gives it back as the Scalar it was."""

    __slots__ = ()

    def items(self) -> list[Node]:
        line = self.line
        return [Scalar(STR, item, line) if type(item) is str else item for item in self.value]


class Mapping(Node):
    """Its value is the keys and values in one flat list, key, value, key, value…: a tuple per pair
    was a million tuples (56 MB) on a 100,000-task plan. pairs() gives them two by two.

    A plain text key on its value's line is kept as its bare str (see _compose): pairs() gives
    it back as the Scalar it was."""

    __slots__ = ()

    def pairs(self):
        items = iter(self.value)
        for key, value in zip(items, items):
            yield (Scalar(STR, key, value.line) if type(key) is str else key), value


def read_tree(text: str | bytes, path: str) -> Node | None:
    """The single document's node tree, or None for an empty file; YAML errors as PlanFileError."""
    try:
        # Made inside the try: PyYAML's own reader checks a text's characters as it is made.
        loader = Loader(text)
        try:
            return _compose(loader, path)
        finally:
            loader.dispose()
    except yaml.reader.ReaderError as exc:  # a character YAML forbids; it gives a position, not a line
        # libyaml counts the position in UTF-8 bytes, PyYAML in characters.
        data = text.encode() if isinstance(text, str) and Loader is not yaml.SafeLoader else text
        line = data[:exc.position].count(b"\n" if isinstance(data, bytes) else "\n") + 1
        raise PlanFileError([Problem(path, line, _("character U+{character:04X} is not allowed in YAML text (a "
                                                   "control character)").format(
                                                     character=exc.character))]) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 0
        tab = _tab_indent(text, line)
        if tab:
            raise PlanFileError([Problem(path, tab, _("tabs cannot indent YAML; use spaces"))]) from None
        raise PlanFileError([Problem(path, line, _("not valid YAML: {value}").format(
                                                     value=exc.problem or exc.context))]) from None
    except yaml.YAMLError as exc:
        raise PlanFileError([Problem(path, 0, _("not valid YAML: {exc}").format(exc=exc))]) from None


def _tab_indent(text: str | bytes, upto: int) -> int:
    """The first line, up to the one YAML stopped at, indented with a tab (0 when none is):
    the cause of the error whatever words the parser found for it."""
    lines = (text.decode("utf-8-sig", "replace") if isinstance(text, bytes) else text).splitlines()
    for number, line in enumerate(lines[:upto + 1], 1):
        indent = line[:len(line) - len(line.lstrip(" \t"))]
        if "\t" in indent and line.strip():
            return number
    return 0


def _compose(loader, path: str) -> Node | None:
    """The single document's node tree, built from parser events with an explicit stack."""
    def refuse(event: yaml.Event, message: str) -> PlanFileError:
        return PlanFileError([Problem(path, event.start_mark.line + 1, message)])

    loader.get_event()  # StreamStart
    if loader.check_event(yaml.StreamEndEvent):
        return None
    loader.get_event()  # DocumentStart
    stack: list[Node] = []
    root: Node | None = None
    # The loop runs once per node (two million on a 100,000-task plan): its lookups are bound
    # once, events are told apart by their exact type, and a short plain scalar's implicit tag (a
    # regex match per scalar in the resolver) is resolved once per distinct value.
    next_event, resolve = loader.get_event, loader.resolve
    plain_tags: dict[tuple[str, tuple], tuple[str, str]] = {}  # (value, implicit) → (tag, value)
    # A key and its value share a line: they share its int too (28 bytes each, a million pairs).
    last_line = 0
    while root is None:
        event = next_event()
        kind = type(event)
        if kind is yaml.ScalarEvent:
            tag = explicit = event.tag
            value = event.value
            untagged = tag is None or tag == "!"
            if untagged and len(value) <= 32:
                # Keys, names and dates recur thousands of times in a big plan: each is resolved
                # once, and its first copy is the one every node keeps (one look-up for both).
                key = (value, event.implicit)
                known = plain_tags.get(key)
                if known is None:
                    known = plain_tags[key] = (resolve(yaml.ScalarNode, value, event.implicit), value)
                tag, value = known
            elif untagged:
                tag = resolve(yaml.ScalarNode, value, event.implicit)
            line = event.start_mark.line + 1
            if line == last_line:
                line = last_line
            else:
                last_line = line
            if explicit is None or explicit == "!":
                if tag == STR and stack and line == stack[-1].line and type(stack[-1]) is Sequence:
                    # A text item on its list's line (a name of `lead: [...]`): its line is the
                    # list's, so no node is made (600,000 nodes, 34 MB, on a 100,000-task plan).
                    stack[-1].value.append(value)
                    continue
                node = Scalar(tag, value, line)
            else:
                node = ExplicitScalar(tag, value, line)
        elif kind is yaml.SequenceEndEvent or kind is yaml.MappingEndEvent:
            node = stack.pop()
            node.value = tuple(node.value)  # a list's spare room, freed: 15 MB on a big plan
        elif kind is yaml.AliasEvent:
            raise refuse(event, _("YAML alias *{anchor} is not allowed in a plan file: write the value out").format(
                anchor=event.anchor))
        else:
            kind = Sequence if kind is yaml.SequenceStartEvent else Mapping
            tag = event.tag
            if tag is None or tag == "!":
                tag = resolve(yaml.SequenceNode if kind is Sequence else yaml.MappingNode, None, event.implicit)
            if len(stack) >= MAX_NESTING:
                raise refuse(event, _("nested more than {max_nesting} levels deep; a plan file is not").format(
                    max_nesting=MAX_NESTING))
            stack.append(kind(tag, [], event.start_mark.line + 1))
            continue
        if not stack:
            root = node
        else:
            items = stack[-1].value  # a list's items, or a mapping's keys and values (Mapping.pairs)
            if len(items) & 1 and type(stack[-1]) is Mapping:
                key = items[-1]  # node is its value: a text key on the same line needs no node of its own
                if type(key) is Scalar and key.line == node.line and key.tag == STR:
                    items[-1] = key.value  # 700,000 keys, 39 MB, on a 100,000-task plan
            items.append(node)
    loader.get_event()  # DocumentEnd
    if not loader.check_event(yaml.StreamEndEvent):
        raise refuse(loader.get_event(), _("a second YAML document ('---'): a plan file holds one"))
    return root
