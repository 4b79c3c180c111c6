"""What the HTML Living Standard says about elements and attributes, as data.

Source: the WHATWG HTML Living Standard (https://html.spec.whatwg.org/), sections
§3.2.5 (content models: flow, phrasing, transparent), §3.2.6 and §4 (each element's content
attributes), §13.1.2 (void elements), §13.1.2.4 (optional end tags), §13.2.6.4.7 (the tree
builder's "in body" insertion mode: which start tags close an open `<p>`), and §16
(obsolete features: §16.1 obsolete but conforming, §16.2 non-conforming).
Every list the PL5 rules use lives here; rules never carry their own.
"""
from __future__ import annotations


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


#: §13.1.2: elements that have no end tag and no content
VOID_ELEMENTS = _words("area base br col embed hr img input link meta source track wbr")

#: §13.1.2.1-2 / §13.2.5: raw text and escapable raw text elements (their content is not markup)
RAW_TEXT_ELEMENTS = _words("script style textarea title xmp iframe noembed noframes plaintext")

#: §13.1.2.4: elements whose end tag may be omitted (their end is implied by what follows)
OPTIONAL_END_TAG = _words("html head body p li dt dd rt rp optgroup option colgroup caption "
                          "thead tbody tfoot tr td th")

#: §13.2.6.4.7: a start tag of one of these closes a `<p>` that is open (in button scope)
CLOSES_P = _words("address article aside blockquote center details dialog dir div dl fieldset "
                  "figcaption figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr li dd dt "
                  "listing main menu nav ol p plaintext pre search section summary table ul xmp")

#: §3.2.5.2.5: phrasing content (elements that may appear inside a paragraph)
PHRASING_ELEMENTS = _words(
    "a abbr area audio b bdi bdo br button canvas cite code data datalist del dfn em embed i "
    "iframe img input ins kbd label link map mark math meta meter noscript object output "
    "picture progress q ruby s samp script select slot small span strong sub sup svg template "
    "textarea time u var video wbr "
    # obsolete phrasing elements browsers still treat as inline
    "acronym basefont big blink font nobr strike tt")

#: elements whose content model is phrasing content only (§4): a block inside them is invalid
PHRASING_CONTENT_ONLY = _words(
    "abbr b bdi bdo cite code data dfn em h1 h2 h3 h4 h5 h6 i kbd label legend mark output p "
    "pre q rp rt s samp small span strong sub sup time u var acronym big font strike tt")

#: §3.2.5.3: transparent content models: the parent's content model applies inside them
TRANSPARENT_ELEMENTS = _words("a audio canvas del ins map noscript object slot video")

#: §4.4.8: `<li>` must be a child of one of these
LIST_ELEMENTS = _words("ul ol menu")

#: elements of the table model (§4.9) and where each must sit
TABLE_ROW_PARENTS = _words("table thead tbody tfoot")
TABLE_CELL_PARENTS = _words("tr")

#: §16.2: non-conforming (obsolete) elements, with what to use instead
OBSOLETE_ELEMENTS: dict[str, str] = {
    "applet": "<embed> or <object>", "acronym": "<abbr>", "bgsound": "<audio>",
    "dir": "<ul>", "frame": "<iframe> or CSS", "frameset": "<iframe> or CSS",
    "noframes": "<iframe> or CSS", "isindex": "an explicit <form>", "keygen": "a platform API",
    "listing": "<pre> and <code>", "menuitem": "script handling the contextmenu event",
    "nextid": "GUIDs", "noembed": "<object>", "param": "the data attribute of <object>",
    "plaintext": "the text/plain MIME type", "rb": "<ruby> text", "rtc": "nested <rt>",
    "strike": "<del> or <s>", "xmp": "<pre> and <code>", "basefont": "CSS",
    "big": "CSS", "blink": "CSS", "center": "CSS (text-align, margin: auto)",
    "font": "CSS", "marquee": "CSS", "multicol": "CSS", "nobr": "CSS", "spacer": "CSS",
    "tt": "<kbd>, <var>, <code>, <samp> or CSS", "image": "<img>",
}

#: §16.2 (and §16.1 "obsolete but conforming" for img border="0"): obsolete attributes,
#: element -> attribute names; "*" lists those obsolete on every element
OBSOLETE_ATTRIBUTES: dict[str, frozenset[str]] = {
    "*": _words("bgcolor datafld dataformatas datasrc"),
    "a": _words("charset coords datafld datasrc methods name rev shape urn"),
    "area": _words("hreflang nohref type"),
    "body": _words("alink background bgcolor bottommargin leftmargin link marginbottom "
                   "marginheight marginleft marginright margintop marginwidth rightmargin "
                   "text topmargin vlink"),
    "br": _words("clear"),
    "caption": _words("align"),
    "col": _words("align char charoff valign width"),
    "colgroup": _words("align char charoff valign width"),
    "div": _words("align"),
    "dl": _words("compact"),
    "embed": _words("align hspace name vspace"),
    "fieldset": _words("datafld"),
    "form": _words("accept"),
    "h1": _words("align"), "h2": _words("align"), "h3": _words("align"),
    "h4": _words("align"), "h5": _words("align"), "h6": _words("align"),
    "head": _words("profile"),
    "hr": _words("align color noshade size width"),
    "html": _words("manifest version"),
    "iframe": _words("align allowtransparency frameborder framespacing hspace longdesc "
                     "marginheight marginwidth scrolling vspace"),
    "img": _words("align border hspace longdesc lowsrc name vspace"),
    "input": _words("align hspace ismap usemap vspace"),
    "legend": _words("align"),
    "li": _words("type"),
    "link": _words("charset methods rev target urn"),
    "menu": _words("compact label type"),
    "meta": _words("scheme"),
    "object": _words("align archive border classid code codebase codetype declare hspace "
                     "standby typemustmatch vspace"),
    "ol": _words("compact"),
    "option": _words("name"),
    "p": _words("align"),
    "pre": _words("width"),
    "script": _words("charset event for language"),
    "style": _words("type"),  # §16.1: obsolete but conforming (`text/css` is the only type)
    "table": _words("align border cellpadding cellspacing datapagesize frame height rules "
                    "summary width"),
    "tbody": _words("align char charoff height valign"),
    "td": _words("abbr align axis char charoff height nowrap scope valign width"),
    "tfoot": _words("align char charoff height valign"),
    "th": _words("align axis char charoff height nowrap valign width"),
    "thead": _words("align char charoff height valign"),
    "tr": _words("align char charoff height valign"),
    "ul": _words("compact type"),
}

#: the obsolete attributes that only changed how things look: CSS replaces them (the others
#: are simply dropped, or replaced by `id` for `name`)
PRESENTATIONAL_ATTRIBUTES = _words(
    "align alink background bgcolor border bottommargin cellpadding cellspacing char charoff "
    "clear color compact frame frameborder framespacing height hspace leftmargin link "
    "marginbottom marginheight marginleft marginright margintop marginwidth noshade nowrap "
    "rightmargin rules scrolling size text topmargin valign vlink vspace width")

#: §3.2.6: global attributes (every HTML element has them); event handlers (`on*`),
#: `data-*` and `aria-*` are matched by prefix, `role` is from WAI-ARIA
GLOBAL_ATTRIBUTES = _words(
    "accesskey autocapitalize autocorrect autofocus class contenteditable dir draggable "
    "enterkeyhint hidden id inert inputmode is itemid itemprop itemref itemscope itemtype lang "
    "nonce popover slot spellcheck style tabindex title translate writingsuggestions role "
    "xmlns xml:lang xml:space "
    # RDFa Lite / RDFa 1.1 in HTML (W3C Recommendation), used by `og:` meta tags and schema.org
    "about content datatype inlist prefix property rel resource rev typeof vocab")

GLOBAL_ATTRIBUTE_PREFIXES = ("data-", "aria-", "on")

#: §4: each element's own content attributes (besides the global ones)
ELEMENT_ATTRIBUTES: dict[str, frozenset[str]] = {
    "a": _words("href target download ping rel hreflang type referrerpolicy"),
    "abbr": frozenset(), "address": frozenset(), "article": frozenset(), "aside": frozenset(),
    "area": _words("alt coords shape href target download ping rel referrerpolicy"),
    "audio": _words("src crossorigin preload autoplay loop muted controls"),
    "b": frozenset(), "bdi": frozenset(), "bdo": frozenset(),
    "base": _words("href target"),
    "blockquote": _words("cite"),
    "body": _words("onafterprint onbeforeprint onbeforeunload onhashchange onlanguagechange "
                   "onmessage onmessageerror onoffline ononline onpagehide onpageshow "
                   "onpopstate onrejectionhandled onstorage onunhandledrejection onunload"),
    "br": frozenset(),
    "button": _words("command commandfor disabled form formaction formenctype formmethod "
                     "formnovalidate formtarget name popovertarget popovertargetaction type value"),
    "canvas": _words("width height"),
    "caption": frozenset(), "cite": frozenset(), "code": frozenset(),
    "col": _words("span"), "colgroup": _words("span"),
    "data": _words("value"), "datalist": frozenset(), "dd": frozenset(),
    "del": _words("cite datetime"),
    "details": _words("name open"),
    "dfn": frozenset(),
    "dialog": _words("closedby open"),
    "div": frozenset(), "dl": frozenset(), "dt": frozenset(), "em": frozenset(),
    "embed": _words("src type width height"),
    "fieldset": _words("disabled form name"),
    "figcaption": frozenset(), "figure": frozenset(), "footer": frozenset(),
    "form": _words("accept-charset action autocomplete enctype method name novalidate rel target"),
    "h1": frozenset(), "h2": frozenset(), "h3": frozenset(), "h4": frozenset(),
    "h5": frozenset(), "h6": frozenset(),
    "head": frozenset(), "header": frozenset(), "hgroup": frozenset(), "hr": frozenset(),
    "html": frozenset(), "i": frozenset(),
    "iframe": _words("src srcdoc name sandbox allow allowfullscreen width height "
                     "referrerpolicy loading"),
    "img": _words("alt src srcset sizes crossorigin usemap ismap width height referrerpolicy "
                  "decoding loading fetchpriority"),
    "input": _words("accept alpha alt autocomplete checked colorspace dirname disabled form "
                    "formaction formenctype formmethod formnovalidate formtarget height list max "
                    "maxlength min minlength multiple name pattern placeholder popovertarget "
                    "popovertargetaction readonly required size src step type value width"),
    "ins": _words("cite datetime"),
    "kbd": frozenset(),
    "label": _words("for"),
    "legend": frozenset(),
    "li": _words("value"),
    "link": _words("href crossorigin rel media integrity hreflang type referrerpolicy sizes "
                   "imagesrcset imagesizes as blocking color disabled fetchpriority"),
    "main": frozenset(), "map": _words("name"), "mark": frozenset(), "menu": frozenset(),
    "meta": _words("name http-equiv content charset media"),
    "meter": _words("value min max low high optimum"),
    "nav": frozenset(), "noscript": frozenset(),
    "object": _words("data type name form width height"),
    "ol": _words("reversed start type"),
    "optgroup": _words("disabled label"),
    "option": _words("disabled label selected value"),
    "output": _words("for form name"),
    "p": frozenset(), "picture": frozenset(), "pre": frozenset(),
    "progress": _words("value max"),
    "q": _words("cite"),
    "rp": frozenset(), "rt": frozenset(), "ruby": frozenset(),
    "s": frozenset(), "samp": frozenset(),
    "script": _words("src type nomodule async defer blocking crossorigin integrity "
                     "referrerpolicy fetchpriority"),
    "search": frozenset(), "section": frozenset(),
    "select": _words("autocomplete disabled form multiple name required size"),
    "slot": _words("name"), "small": frozenset(),
    "source": _words("type media src srcset sizes width height"),
    "span": frozenset(), "strong": frozenset(),
    "style": _words("media blocking"),
    "sub": frozenset(), "summary": frozenset(), "sup": frozenset(),
    "table": frozenset(), "tbody": frozenset(),
    "td": _words("colspan rowspan headers"),
    "template": _words("shadowrootmode shadowrootdelegatesfocus shadowrootclonable "
                       "shadowrootserializable"),
    "textarea": _words("autocomplete cols dirname disabled form maxlength minlength name "
                       "placeholder readonly required rows wrap"),
    "tfoot": frozenset(),
    "th": _words("colspan rowspan headers scope abbr"),
    "thead": frozenset(),
    "time": _words("datetime"),
    "title": frozenset(), "tr": frozenset(),
    "track": _words("default kind label src srclang"),
    "u": frozenset(), "ul": frozenset(), "var": frozenset(),
    "video": _words("src crossorigin poster preload autoplay playsinline loop muted controls "
                    "width height"),
    "wbr": frozenset(),
}

#: foreign content (§13.2.6.5): SVG and MathML have attribute sets of their own
FOREIGN_ELEMENTS = _words("svg math")
