"""Progress that follows the user between machines through a folder they already sync (Syncthing,
Dropbox, a git repository, a network share).

Each machine writes only its own append-only logs there (reviews-<device>.jsonl and so on), so a
file-sync tool never has two writers of one file and never makes a conflicted copy. Merging reads
every other device's logs, takes into the local store the events whose id it does not know yet, and
replays the questions they touch in one order every machine agrees on (quiz.sync.merge). The local
store stays what the app reads: without the folder it studies as before and merges when it is back.
"""
