"""The Textual app: a thin shell of screens over `quiz.study.Study`."""
