"""When each question comes back: FSRS cards with seeded fuzz (fsrs), the exam date's rule (exam_plan),
and what a desired retention costs, simulated from the cards as they are (simulate)."""
