"""Evaluation against SemEval-2023 Task 3: data readers and writers (:mod:`.semeval`) and the
task's scorers (:mod:`.scorers`)."""
