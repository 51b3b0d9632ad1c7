"""When each question comes back: FSRS cards with seeded fuzz (fsrs) and the final-week rule for a
dated exam (exam_plan)."""
