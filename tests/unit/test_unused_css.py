"""Trimming a stylesheet to the classes a site's pages and scripts use (core/site/unused_css.py)."""

from __future__ import annotations

from branchpress.core.site.unused_css import UsedNames, trim

CSS = (
    '@charset "UTF-8";:root{--x:1px}html{color:red}'
    ".used{a:1}.unused{b:2}.used .unused,.used>p{c:3}"
    "@media screen{.unused{d:4}}@media print{.used{e:5}}"
    ".box:not(.unused){f:6}.box:is(.unused,.other){g:7}[data-md-state=x]{h:8}#id{i:9}"
    ".md-tag--news{j:10}.md-tag--sport{k:11}.tabbed-labels{l:12}.made{m:13}.joined--x{n:14}"
    "@keyframes spin{0%{o:15}}"
    ':root{--icon-a:url("data:a;b");--icon-b:var(--icon-c);--icon-c:1;--icon-d:2;--read-by-site:3}'
    ".used:after{mask:var(--icon-a)}.unused:after{mask:var(--icon-d)}"
    "/*# sourceMappingURL=main.css.map*/"
)


def trimmed(html: str = '<p class="used box">x</p>', script: str = "") -> str:
    used = UsedNames()
    used.add_html(html)
    used.add_script(script)
    return trim(CSS, used)


def test_rules_naming_only_unused_classes_are_dropped_and_the_rest_is_kept():
    css = trimmed()
    for kept in (
        "html{color:red}",
        ".used{a:1}",
        ".used>p{c:3}",
        "@media print{.used{e:5}}",
        ".box:not(.unused){f:6}",
        ".box:is(.unused,.other){g:7}",
        "[data-md-state=x]{h:8}",
        "#id{i:9}",
        "@keyframes spin",
    ):
        assert kept in css, kept
    for dropped in (
        ".unused{b:2}",
        ".used .unused",
        "@media screen",
        ".md-tag--",
        ".tabbed-labels",
        "sourceMappingURL",
    ):
        assert dropped not in css, dropped


def test_custom_properties_nothing_reads_are_dropped():
    used = UsedNames()
    used.add_html('<p class="used">x</p>')
    used.add_stylesheet(".site { color: var(--read-by-site); }")
    css = trim(CSS, used)
    assert '--icon-a:url("data:a;b")' in css and "--read-by-site:3" in css and "--x:1px" not in css
    # --icon-d was read by a dropped rule; --icon-b by nothing, and then --icon-c by nothing.
    assert "--icon-d" not in css and "--icon-b" not in css and "--icon-c" not in css
    assert ".used:after{mask:var(--icon-a)}" in css


def test_classes_that_scripts_give_elements_are_kept_and_selectors_they_query_are_not():
    script = 'x("div",{class:"made other"});q(".tabbed-labels > label");t=`md-tag--${name}`;j="joined-"+k'
    css = trimmed(script=script)
    assert ".made{m:13}" in css and ".md-tag--news{j:10}" in css and ".md-tag--sport{k:11}" in css
    assert ".joined--x{n:14}" in css
    assert ".tabbed-labels" not in css


def test_pages_tell_the_scripts_they_load_and_their_inline_scripts_count():
    used = UsedNames()
    sources = used.add_html(
        "<div class='a b'></div><span class=c></span><script src=\"../x.js\"></script>"
        '<script>el.className = "inline-made";</script>'
    )
    assert sources == ["../x.js"]
    assert {"a", "b", "c", "inline-made"} <= used.classes


def test_compacting_keeps_strings_combinators_and_nested_rules():
    from branchpress.core.site.compact_css import compact

    css = """/* why */
    .a  .b > p ,
    .c:not(.d) { content: " · " ; color : red !important ; margin: 0  auto }
    @media screen and (max-width: 44em) { .x { width: calc(1px + 2px) } }
    @keyframes k { 0% { opacity: 0 } to { opacity: 1 } }
    .s { background: url("a b.png") no-repeat, color-mix(in srgb, red 6%, #fff); font-family: "PingFang SC", sans-serif; }
    """
    assert compact(css) == (
        '.a .b > p , .c:not(.d){content:" · ";color:red!important;margin:0 auto}'
        "@media screen and (max-width: 44em){.x{width:calc(1px + 2px)}}"
        "@keyframes k{0%{opacity:0}to{opacity:1}}"
        '.s{background:url("a b.png") no-repeat, color-mix(in srgb, red 6%, #fff);font-family:"PingFang SC", sans-serif}\n'
    )


def test_an_inline_script_every_page_repeats_is_read_once(monkeypatch):
    from branchpress.core.site import unused_css

    read = []
    strings = unused_css._STRING

    class Counting:
        def finditer(self, text):
            read.append(text)
            return strings.finditer(text)

    monkeypatch.setattr(unused_css, "_STRING", Counting())
    unused_css._script_names.cache_clear()
    pages = []
    for page in ('<p class="a">1</p>', '<p class="b">2</p>'):
        pages.append(used := UsedNames())  # one each, as the names memo reads pages
        used.add_html(f'{page}<script>el.classList.add("md-x")</script><script>var c = "--md-y"</script>')
    unused_css._script_names.cache_clear()
    assert len(read) == 2  # two scripts, not four
    for used, own in zip(pages, "ab", strict=True):
        assert {own, "md-x"} <= used.classes and "--md-y" in used.properties
