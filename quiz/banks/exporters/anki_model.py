"""The Anki note type every exported question uses ("imaging-quiz"): its fields, its one card
template and its style. Its id is fixed for good: Anki knows a note type by its id, so a changed id
would make every note exported again a duplicate in the user's collection. Its fields are fixed too:
Anki updates notes on a second import only while the note type's fields and templates stay the same
(else it imports a copy of the note type and reports the notes as conflicting)."""

from __future__ import annotations

MODEL_ID = 1419708589  # drawn once at random in genanki's range (2^30 to 2^31); never change it
MODEL_NAME = "imaging-quiz"

# in this order in every note; Question first: Anki sorts and checks duplicates by the first field
FIELDS = (
    "Question",  # the stem
    "Case",  # the case set's title and scenario, when the question is in one
    "Choices",  # what the front shows to answer with: the choices, the items to order, the columns...
    "Answer",  # the right answer, spelled out
    "Explanation",
    "References",
    "Exhibits",  # the case's exhibits, then the question's: text in <pre>, images as <img>
    "Bank",  # the bank's id (search `Bank:dicom-basics`)
    "Id",  # the question's id in its bank (its progress key in the app is Bank/Id)
    "Kind",  # choice, select-all, true-false, short-answer, numeric, matching or ordering
)

# `tex2jax_ignore`: MathJax (on Anki's cards) must not read `\(` or `\[` in bank text as math.
# Each field sits alone in its element, so `white-space: pre-wrap` keeps its spaces and nothing else.
FRONT = """\
<div class="iq tex2jax_ignore">
{{#Case}}<div class="iq-case">{{Case}}</div>{{/Case}}
{{#Exhibits}}<div class="iq-exhibits">{{Exhibits}}</div>{{/Exhibits}}
<div class="iq-question iq-text">{{Question}}</div>
<div class="iq-choices">{{Choices}}</div>
</div>"""

BACK = """\
{{FrontSide}}
<hr id="answer">
<div class="iq tex2jax_ignore">
<div class="iq-answer">{{Answer}}</div>
{{#Explanation}}<div class="iq-explanation iq-text">{{Explanation}}</div>{{/Explanation}}
{{#References}}<div class="iq-references"><div class="iq-label">References</div>{{References}}</div>{{/References}}
<div class="iq-source">{{Bank}} / {{Id}}</div>
</div>"""

# Anki marks night mode with `nightMode` (AnkiDroid: `night_mode`) beside `card` on the body
CSS = """\
.card {
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  font-size: 18px;
  line-height: 1.5;
  text-align: left;
  color: #1d1d1f;
  background-color: #ffffff;
}
.iq { max-width: 46em; margin: 0 auto; }
.iq-text { white-space: pre-wrap; overflow-wrap: break-word; }
.iq-label, .iq-case-title, .iq-exhibit-title { font-weight: bold; }
.iq-case { border-left: 4px solid #5c6f91; background: #f1f4f9; padding: 0.4em 0.8em; margin: 0 0 1em; }
.iq-exhibit { margin: 0 0 1em; }
.iq-pre {
  font-family: ui-monospace, "SF Mono", Menlo, Consolas, "Liberation Mono", monospace;
  font-size: 0.8em;
  line-height: 1.35;
  white-space: pre;
  overflow-x: auto;
  text-align: left;
  background: #f5f5f5;
  border: 1px solid #d4d4d4;
  border-radius: 4px;
  padding: 0.6em;
  margin: 0.3em 0 0;
}
.iq-exhibit img { display: block; max-width: 100%; height: auto; margin-top: 0.3em; }
.iq-missing { font-style: italic; color: #a33; }
.iq-question { margin: 0 0 0.8em; }
.iq-hint { font-style: italic; color: #555; margin: 0 0 0.3em; }
.iq-line { margin: 0.25em 0; padding-left: 1.8em; text-indent: -1.8em; }  /* a wrapped choice hangs */
.iq-letter { font-weight: bold; display: inline-block; min-width: 1.8em; text-indent: 0; }
.iq-match { border-collapse: collapse; width: 100%; }
.iq-match td { vertical-align: top; width: 50%; padding: 0.2em 0.8em 0.2em 0; }
.iq-answer {
  border: 2px solid #2e7d32;
  background: #edf7ee;
  border-radius: 6px;
  padding: 0.5em 0.8em;
  margin: 0.8em 0;
}
.iq-explanation { margin: 0.8em 0; }
.iq-references { font-size: 0.85em; color: #444; }
.iq-source { font-size: 0.75em; color: #777; margin-top: 1.2em; }
.card.nightMode, .card.night_mode, .nightMode .card, .night_mode .card { color: #e4e4e4; background-color: #262626; }
.nightMode .iq-case, .night_mode .iq-case { background: #2f3441; border-left-color: #8797b8; }
.nightMode .iq-pre, .night_mode .iq-pre { background: #1b1b1b; border-color: #4a4a4a; color: #e4e4e4; }
.nightMode .iq-hint, .night_mode .iq-hint { color: #b0b0b0; }
.nightMode .iq-missing, .night_mode .iq-missing { color: #f08c8c; }
.nightMode .iq-answer, .night_mode .iq-answer { background: #1f3322; border-color: #66bb6a; }
.nightMode .iq-references, .night_mode .iq-references { color: #c4c4c4; }
.nightMode .iq-source, .night_mode .iq-source { color: #9a9a9a; }
"""


def note_type() -> object:
    """The genanki model (imported here: genanki is needed only when exporting)."""
    import genanki

    return genanki.Model(
        MODEL_ID,
        MODEL_NAME,
        fields=[{"name": name} for name in FIELDS],
        templates=[{"name": "Question and answer", "qfmt": FRONT, "afmt": BACK}],
        css=CSS,
        sort_field_index=0,
    )
