"""The sandbox every Word template is filled in, and the limits that keep a template from
breaking a run.

A template is a file a coordinator edits, not code, and it is filled once for every workbook
of a run. Whatever it says, filling it must end, quickly, with the document or with one clear
message (docs/templat-laporan.md, "Batas templat"):

- **Strict and escaped**: Jinja2's sandbox with ``StrictUndefined`` and autoescape.
- **One document**: ``{% include %}``, ``{% import %}`` and ``{% extends %}`` are refused
  when the template is compiled (:class:`UnsupportedTag`): there is nothing to load them from.
- **Bounded work**: every loop iteration, call, attribute and item look-up and filter is
  counted against :data:`MAX_OPERATIONS` and the clock against :data:`TIME_LIMIT`, per
  document. Loops are counted when they start (their length) or item by item (a generator),
  so nested loops with an empty body are counted too. The output is counted chunk by chunk
  against :data:`MAX_OUTPUT`.
- **Bounded memory**: no single step may make a string, list or number too large: string and
  list repetition, ``+`` and ``~``, ``**`` and ``*`` on numbers, ``%`` and ``format`` widths,
  the filters and methods that take a width or a count, ``join``/``replace``, and the text of a
  list that is printed, joined or filtered are checked *before* they allocate, so that one step
  stays small and the counters above can stop the rest.

Exceeding a limit raises :class:`LimitExceeded`, whose ``message`` says (in Indonesian) which
limit and how to fix the template; :func:`spbe_reports.render.render_document` turns it and
every other mistake into a TemplateError. Compiled templates are cached by their source, so
filling the same template for many workbooks compiles it once per process.
"""

from __future__ import annotations

import functools
import itertools
import re
import string
import time
from collections import OrderedDict
from collections.abc import Iterable, Iterator, Mapping, Sized
from dataclasses import dataclass, field
from types import CodeType
from typing import Any

import jinja2
from jinja2 import nodes, sandbox
from jinja2.compiler import CodeGenerator, Frame
from jinja2.exceptions import TemplateAssertionError
from jinja2.runtime import LoopContext
from jinja2.sandbox import SandboxedEnvironment
from jinja2.utils import generate_lorem_ipsum, pass_context

TIME_LIMIT = 60.0  # seconds to fill one document
MAX_OUTPUT = 50_000_000  # characters of document XML one document may produce
MAX_OPERATIONS = 5_000_000  # loop iterations, calls, look-ups and filters per document
MAX_STRING = 10_000_000  # characters of one string a template makes
MAX_ITEMS = 1_000_000  # items of one list, dict or set a template makes
MAX_SIZE_ARGUMENT = 100_000  # a width or count given to a filter or method that allocates by it
MAX_NUMBER_BITS = 100_000  # bits of one integer a template computes (about 30.000 digits)
CACHE_SIZE = 16  # compiled template parts kept per process
MAX_RANGE = sandbox.MAX_RANGE  # numbers range() gives at most in a template (Jinja's sandbox)

_COUNTER = "_spbe_counted"  # the filter every {% for %} iterable passes through
_PRINTABLE = "_spbe_printable"  # the filter every operand of "~" passes through
_COMPILED: OrderedDict[str, CodeType] = OrderedDict()


def thousands(value: int) -> str:
    """An integer with Indonesian thousands dots: 5.000.000."""
    return f"{value:,}".replace(",", ".")


class LimitExceeded(Exception):
    """A template went past one of the limits above; ``message`` says which and what to do."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class UnsupportedTag(TemplateAssertionError):
    """``{% include %}``, ``{% import %}`` or ``{% extends %}``: a template must be one document."""

    def __init__(self, tag: str, lineno: int, name: str | None, filename: str | None):
        super().__init__(f"tag {tag} tidak didukung", lineno, name, filename)
        self.tag = tag


# --- the budget of one document ----------------------------------------------------------------

LOOP_ADVICE = (
    "Periksa perulangan {% for %} yang bersarang atau yang berulang sangat banyak, dan makro yang "
    "memanggil dirinya sendiri"
)


@dataclass
class Budget:
    """The work one document may still do: operations, output characters and time."""

    time_limit: float = field(default_factory=lambda: TIME_LIMIT)
    max_operations: int = field(default_factory=lambda: MAX_OPERATIONS)
    max_output: int = field(default_factory=lambda: MAX_OUTPUT)
    operations: int = 0
    output: int = 0
    started: float = field(default_factory=time.monotonic)

    def spend(self, count: int = 1) -> None:
        """Count ``count`` operations; raise LimitExceeded past the operation or time limit."""
        self.operations += count
        if self.operations > self.max_operations:
            raise LimitExceeded(
                f"melampaui batas {thousands(self.max_operations)} langkah pengisian untuk satu dokumen. {LOOP_ADVICE}."
            )
        self.check_time()

    def write(self, chars: int) -> None:
        """Count ``chars`` characters of output; raise LimitExceeded past the output or time limit."""
        self.output += chars
        if self.output > self.max_output:
            raise LimitExceeded(
                f"menghasilkan lebih dari {thousands(self.max_output)} karakter isi dokumen, batas satu "
                f"dokumen. {LOOP_ADVICE}, atau teks yang diulang sangat banyak."
            )
        self.check_time()

    def check_time(self) -> None:
        if time.monotonic() - self.started > self.time_limit:
            seconds = f"{self.time_limit:g}".replace(".", ",")
            raise LimitExceeded(
                f"belum selesai diisi setelah {seconds} detik, batas waktu satu dokumen. {LOOP_ADVICE}."
            )


def _size(value: Any) -> int:
    """How many items a container argument has (work done over it), 0 for anything else."""
    if isinstance(value, (str, bytes)) or not isinstance(value, Sized):
        return 0
    try:
        return len(value)
    except Exception:  # a Sized whose __len__ fails: nothing to count
        return 0


def check_made(value: Any) -> Any:
    """``value``, or LimitExceeded when it is a string or container beyond the limits."""
    if isinstance(value, str):
        if len(value) > MAX_STRING:
            raise LimitExceeded(
                f"membuat teks lebih dari {thousands(MAX_STRING)} karakter. Periksa teks yang diulang atau "
                "disambung berkali-kali ('~', '+', '*', filter join atau replace)."
            )
    elif isinstance(value, (list, tuple, dict, set, frozenset)) and len(value) > MAX_ITEMS:
        raise LimitExceeded(
            f"membuat daftar lebih dari {thousands(MAX_ITEMS)} butir. Periksa daftar yang diulang atau "
            "ditambah berkali-kali."
        )
    return value


def too_long_as_text(value: Any, limit: int = MAX_STRING) -> bool:
    """Whether ``str(value)`` of a list, dict or set could be longer than ``limit`` characters.

    Printing ``[text] * 1000000`` makes a string a million times ``text`` long from a list of a
    few megabytes. This adds up the text of the items (nested ones too, each object once) and
    stops as soon as it passes ``limit``, before anything is converted.
    """
    if not isinstance(value, _CONTAINERS):
        return False
    try:
        return _text_length(value, limit, {}) > limit
    except RecursionError:  # nested too deep for Python to print it at all
        return True


def _text_length(value: Any, limit: int, known: dict[int, int]) -> int:
    """About how long ``str(value)`` is, or any number above ``limit`` once it is sure to be."""
    if isinstance(value, str):
        return len(value) + 2  # its quotes
    if not isinstance(value, _CONTAINERS):
        return 8
    if id(value) in known:  # the same list repeated: counted once, added each time
        return known[id(value)]
    total = 2 + 2 * len(value)  # brackets and separators
    for item in itertools.chain.from_iterable(value.items()) if isinstance(value, Mapping) else value:
        if total > limit:
            break
        total += _text_length(item, limit - total, known)
    known[id(value)] = total
    return total


_CONTAINERS = (list, tuple, set, frozenset, dict)


def check_printable(value: Any) -> Any:
    """``value``, or LimitExceeded when its text (a list printed or joined) would be too long."""
    if too_long_as_text(value):
        raise LimitExceeded(
            f"mencetak daftar yang teksnya lebih dari {thousands(MAX_STRING)} karakter. Periksa daftar yang "
            "dicetak atau disambung."
        )
    return value


def _too_large(what: str, value: int) -> LimitExceeded:
    return LimitExceeded(
        f"memakai {what} {thousands(value)}, padahal paling besar {thousands(MAX_SIZE_ARGUMENT)}. Pakai angka "
        "yang wajar untuk sebuah dokumen."
    )


def _too_many_digits(operator: str) -> LimitExceeded:
    return LimitExceeded(
        f"menghitung '{operator}' yang hasilnya lebih dari {thousands(MAX_NUMBER_BITS * 3 // 10)} angka. Periksa "
        f"operator '{operator}' di templat."
    )


def _check_size_arguments(args: Iterable[Any], what: str) -> None:
    for value in args:
        if isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_SIZE_ARGUMENT:
            raise _too_large(what, value)


_PERCENT_SPEC = re.compile(r"%(?:\([^)]*\))?[#0\- +]*(\*|\d+)?(?:\.(\*|\d+))?")


def _check_percent_format(text: str, args: Any) -> None:
    """Widths and precisions of a "%" format ("%5.2f") stay small; "*" takes them from the arguments."""
    starred = False
    for width, precision in _PERCENT_SPEC.findall(text):
        for number in (width, precision):
            if number == "*":
                starred = True
            elif number and int(number) > MAX_SIZE_ARGUMENT:
                raise _too_large("lebar format", int(number))
    if starred:
        values = args if isinstance(args, tuple) else (args,)
        _check_size_arguments(values, "lebar format")


def _check_brace_format(text: str, args: Iterable[Any]) -> None:
    """Widths and precisions of a "{:>10}" format stay small, nested ones too ("{:{w}}")."""
    nested = False
    try:
        fields = list(string.Formatter().parse(text))
    except ValueError:
        return  # a malformed format string fails on its own when it is used
    for _literal, name, spec, _conversion in fields:
        if name is None or not spec:
            continue
        nested = nested or "{" in spec
        for number in re.findall(r"\d+", spec):
            if int(number) > MAX_SIZE_ARGUMENT:
                raise _too_large("lebar format", int(number))
    if nested:
        _check_size_arguments(args, "lebar format")


def _check_join(items: Any, separator: str) -> None:
    if isinstance(items, (list, tuple)):
        limit = MAX_STRING - len(separator) * max(len(items) - 1, 0)
        if limit < 0 or too_long_as_text(items, limit):
            raise LimitExceeded(
                f"menyambung teks menjadi lebih dari {thousands(MAX_STRING)} karakter. Periksa daftar yang "
                "disambung (filter join)."
            )


def _check_replace(text: Any, old: Any, new: Any) -> None:
    if isinstance(text, str) and isinstance(old, str) and isinstance(new, str):
        grows = len(new) - len(old)
        if grows > 0 and len(text) + text.count(old) * grows > MAX_STRING:
            raise LimitExceeded(
                f"mengganti teks sehingga menjadi lebih dari {thousands(MAX_STRING)} karakter. Periksa filter replace."
            )


# --- filters and calls, checked before they allocate --------------------------------------------

_SIZED_FILTERS = {"center", "indent", "wordwrap", "truncate", "batch", "slice"}
_SIZED_METHODS = {"center", "ljust", "rjust", "zfill", "expandtabs"}


def _filter_precheck(name: str, args: tuple, kwargs: dict) -> None:
    """Refuse a filter call that would allocate too much, from its arguments alone."""
    if name in _SIZED_FILTERS:
        _check_size_arguments([*args[1:], *kwargs.values()], f"ukuran pada filter {name}")
    elif name == "format" and args and isinstance(args[0], str):
        _check_percent_format(args[0], tuple(args[1:]))
        _check_brace_format(args[0], [*args[1:], *kwargs.values()])
        for value in [*args[1:], *kwargs.values()]:
            check_printable(value)
    elif name == "join" and args:
        separator = args[1] if len(args) > 1 else kwargs.get("d", "")
        _check_join(args[0] if isinstance(args[0], (list, tuple)) else [], str(separator))
    elif name == "replace" and len(args) >= 3:
        _check_replace(args[0], args[1], args[2])


def _call_precheck(obj: Any, args: tuple, kwargs: dict) -> None:
    """Refuse a method call that would allocate too much, from its arguments alone."""
    name = getattr(obj, "__name__", "")
    owner = getattr(getattr(obj, "__wrapped__", obj), "__self__", None)
    if obj is generate_lorem_ipsum:
        _check_size_arguments([*args, *kwargs.values()], "ukuran pada lipsum()")
    elif isinstance(owner, str):
        if name in _SIZED_METHODS:
            _check_size_arguments([*args, *kwargs.values()], f"ukuran pada {name}()")
        elif name in ("format", "format_map"):
            values = [*args, *kwargs.values(), *(v for a in args if isinstance(a, dict) for v in a.values())]
            _check_brace_format(owner, values)
            for value in values:
                check_printable(value)
        elif name == "join" and args:
            _check_join(list(args[0]) if isinstance(args[0], (list, tuple)) else [], owner)
        elif name == "replace" and len(args) >= 2:
            _check_replace(owner, args[0], args[1])


def _guarded_filter(environment: DocumentEnvironment, name: str, function):
    """``function`` (a filter) with its work counted and its size checked before and after."""
    offset = 1 if getattr(function, "jinja_pass_arg", None) is not None else 0  # context/environment first

    @functools.wraps(function)
    def guarded(*args, **kwargs):
        values = args[offset:]
        if values:
            environment.budget.spend(1 + _size(values[0]))
            check_printable(values[0])  # most filters turn their value into text first
        _filter_precheck(name, values, kwargs)
        return check_made(function(*args, **kwargs))

    return guarded


@pass_context  # never folded into a constant when the template is compiled
def _printable(context, value):
    return check_printable(value)


@pass_context
def _counted(context, iterable):
    """A {% for %} iterable, counted: its length at once, or item by item when it has none."""
    budget: Budget = context.environment.budget
    if isinstance(iterable, Sized):
        budget.spend(1 + (len(iterable) if isinstance(iterable, str) else _size(iterable)))
        return iterable
    return _count_items(budget, iterable)


def _count_items(budget: Budget, iterable) -> Iterator[Any]:
    budget.spend(1)
    for item in iterable:
        budget.spend(1)
        yield item


# --- the compiler: every loop counted, every "~" checked, no loading --------------------------


class GuardedCodeGenerator(CodeGenerator):
    """Jinja's code generator, with the counting and refusals of this module compiled in."""

    def visit_Template(self, node: nodes.Template, frame: Frame | None = None) -> None:
        # Before any code is written: the filters a template uses are collected from its tree.
        for loop in node.find_all(nodes.For):
            loop.iter = nodes.Filter(loop.iter, _COUNTER, [], [], None, None, lineno=loop.lineno)
        for concat in node.find_all(nodes.Concat):  # "a ~ b" turns both into text
            concat.nodes = [nodes.Filter(n, _PRINTABLE, [], [], None, None, lineno=n.lineno) for n in concat.nodes]
        super().visit_Template(node, frame)

    def visit_Concat(self, node: nodes.Concat, frame: Frame) -> None:
        self.write("environment.check_made(")
        super().visit_Concat(node, frame)
        self.write(")")

    def visit_Extends(self, node: nodes.Extends, frame: Frame) -> None:
        raise UnsupportedTag("{% extends %}", node.lineno, self.name, self.filename)

    def visit_Include(self, node: nodes.Include, frame: Frame) -> None:
        raise UnsupportedTag("{% include %}", node.lineno, self.name, self.filename)

    def visit_Import(self, node: nodes.Import, frame: Frame) -> None:
        raise UnsupportedTag("{% import %}", node.lineno, self.name, self.filename)

    def visit_FromImport(self, node: nodes.FromImport, frame: Frame) -> None:
        raise UnsupportedTag("{% from ... import %}", node.lineno, self.name, self.filename)


class BoundedTemplate(jinja2.Template):
    """A template whose output is counted chunk by chunk (docxtpl calls ``render``)."""

    def render(self, *args: Any, **kwargs: Any) -> str:
        budget: Budget = self.environment.budget
        parts = []
        for chunk in self.generate(*args, **kwargs):
            budget.write(len(chunk))
            parts.append(chunk)
        return "".join(parts)


class DocumentEnvironment(SandboxedEnvironment):
    """The environment one document is filled in: strict, escaped, sandboxed and bounded.

    Make a new one for every document: its :class:`Budget` starts when it is made.
    ``source`` is the template part last compiled, to show the text around a mistake.
    """

    code_generator_class = GuardedCodeGenerator
    template_class = BoundedTemplate
    intercepted_binops = frozenset({"*", "**", "+", "%"})

    def __init__(self, budget: Budget | None = None):
        # finalize sees every {{ value }} before it is turned into text.
        super().__init__(autoescape=True, undefined=jinja2.StrictUndefined, finalize=check_printable)
        self.budget = budget or Budget()
        self.source = ""
        self.filters = {name: _guarded_filter(self, name, f) for name, f in self.filters.items()}
        self.filters[_COUNTER] = _counted
        self.filters[_PRINTABLE] = _printable
        self.check_made = check_made

    # The sandbox's hooks: every look-up and call is one operation.

    def getattr(self, obj: Any, attribute: str) -> Any:
        self.budget.spend()
        return super().getattr(obj, attribute)

    def getitem(self, obj: Any, argument: Any) -> Any:
        self.budget.spend()
        value = super().getitem(obj, argument)
        if isinstance(argument, slice):
            self.budget.spend(_size(value))
        return value

    def call(__self, __context, __obj, *args: Any, **kwargs: Any) -> Any:  # noqa: N805 (jinja's signature)
        __self.budget.spend(1 + sum(_size(a) for a in args))
        _call_precheck(__obj, args, kwargs)
        if isinstance(__obj, LoopContext) and args and not isinstance(args[0], Sized):
            args = (_count_items(__self.budget, args[0]), *args[1:])  # a recursive loop's next level
        result = super().call(__context, __obj, *args, **kwargs)
        owner = getattr(__obj, "__self__", None)
        if isinstance(owner, (list, dict, set)):
            check_made(owner)  # list.append, list.extend, dict.update grow their owner
        return check_made(result)

    def call_binop(self, context, operator: str, left: Any, right: Any) -> Any:
        self.budget.spend()
        _binop_precheck(operator, left, right)
        return check_made(super().call_binop(context, operator, left, right))

    # Compiling: parts of one template are compiled once per process.

    def from_string(self, source, globals=None, template_class=None):  # noqa: A002 (jinja's signature)
        self.source = source
        code = _COMPILED.get(source)
        if code is None:
            code = self.compile(source)
            _COMPILED[source] = code
            while len(_COMPILED) > CACHE_SIZE:
                _COMPILED.popitem(last=False)
        else:
            _COMPILED.move_to_end(source)
        return (template_class or self.template_class).from_code(self, code, self.make_globals(globals), None)


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _binop_precheck(operator: str, left: Any, right: Any) -> None:
    """Refuse an operator whose result would be too large, before computing it."""
    if operator == "**" and _is_int(left) and _is_int(right) and right > 0:
        if abs(left) > 1 and abs(left).bit_length() * right > MAX_NUMBER_BITS:
            raise _too_many_digits("**")
    elif operator == "*":
        if _is_int(left) and _is_int(right):
            if left.bit_length() + right.bit_length() > MAX_NUMBER_BITS:
                raise _too_many_digits("*")
            return
        sequence, times = (left, right) if _is_int(right) else (right, left)
        if _is_int(times) and isinstance(sequence, (str, list, tuple)):
            limit = MAX_STRING if isinstance(sequence, str) else MAX_ITEMS
            if len(sequence) * times > limit:
                raise LimitExceeded(
                    f"mengulang teks atau daftar menjadi lebih dari {thousands(limit)} "
                    f"{'karakter' if isinstance(sequence, str) else 'butir'}. Periksa perkalian '*' di templat."
                )
    elif operator == "+":
        if isinstance(left, (str, list, tuple)) and isinstance(right, (str, list, tuple)):
            limit = MAX_STRING if isinstance(left, str) else MAX_ITEMS
            if len(left) + len(right) > limit:
                raise LimitExceeded(
                    f"menyambung teks atau daftar menjadi lebih dari {thousands(limit)} "
                    f"{'karakter' if isinstance(left, str) else 'butir'}. Periksa penjumlahan '+' di templat."
                )
    elif operator == "%" and isinstance(left, str):
        _check_percent_format(left, right)
        for value in right if isinstance(right, tuple) else (right,):
            check_printable(value)
