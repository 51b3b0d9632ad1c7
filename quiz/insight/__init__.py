"""What the progress says: statistics and mastery (stats), exam readiness and its projection
(readiness), what is due and today's workload (workload), how the banks cover the domains (coverage), and
how all of it is drawn (render)."""
