"""Question banks from files to validated models: safe reading of YAML with located errors (yaml_reader,
yaml_messages), the file format (formats, and each kind's in quiz.kinds), problems worded for a person
(validation_messages, problems, text_warnings), loading with a validated cache (loader, cache,
file_check, safe_files), `quiz validate` and `quiz schema`."""
