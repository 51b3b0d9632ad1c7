"""One order for every machine's events, and the cards that order gives.

Events are ordered by (time, device, seq): two machines whose clocks disagree still put the same
events in the same order, because the order depends only on what the events say. A question that
gained an answer (or a reset) from another machine has its card replayed from its whole history in
that order (Scheduling.cards_after: fuzz seeded by key and review id), so each machine computes the
same schedule from the same union of answers."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from quiz.scheduling.fsrs import Scheduling, card_to_dict
from quiz.store.events import QuestionEvent
from quiz.store.review import Review

Order = tuple[datetime, str, int]


def review_orders(reviews: Iterable[Review], device: str) -> list[Order]:
    """Each review's place in the merged order. This machine's own reviews written before any merge
    (no device) are numbered by their place among its own, as they are published; a merge that
    rewrites the log writes that number into each (quiz.sync.merge.merge_reviews)."""
    orders = []
    own = 0
    for review in reviews:
        if review.device is None:
            orders.append((review.time, device, own))
            own += 1
        else:
            orders.append((review.time, review.device, review.seq))
            own += review.device == device
    return orders


@dataclass(frozen=True)
class MergedReviews:
    reviews: list[Review]  # to append, or (whole_log) the whole log as it is to be
    whole_log: bool  # a card already written changed, or an answer goes before one already written


def merge_reviews(
    local: list[Review],
    arrived: list[Review],
    device: str,
    scheduling: Scheduling,
    events: Iterable[QuestionEvent],
    reset_keys: Iterable[str] = (),
) -> MergedReviews:
    """The local reviews with the `arrived` ones (new ids, from other devices), every question they
    touch (or that `reset_keys` names: a reset arrived) replayed in the merged order. So is every
    question whose answers here are out of that order: one given here after a merged answer whose
    time is later (the other machine's clock is ahead) was scheduled after it; the order says before."""
    touched = {review.key for review in arrived} | set(reset_keys) | _out_of_order(local, device)
    if not touched:
        return MergedReviews([], whole_log=False)
    resets: dict[str, datetime] = {}
    for event in events:
        if event.action == "reset" and event.key in touched:
            resets[event.key] = max(event.time, resets.get(event.key, event.time))
    everything = local + arrived
    orders = review_orders(everything, device)
    by_key: dict[str, list[int]] = {}
    for position, review in enumerate(everything):
        if review.key in touched:
            by_key.setdefault(review.key, []).append(position)
    replayed = list(everything)
    changed_written = False
    for key, positions in by_key.items():
        positions.sort(key=orders.__getitem__)
        reset = resets.get(key)
        counted = [p for p in positions if reset is None or everything[p].time > reset]
        cards = scheduling.cards_after(key, (everything[p] for p in counted))
        for position, card in zip(counted, cards, strict=True):
            if card is None:
                continue  # a cram answer before any schedule: its card stays as it was written
            after = card_to_dict(card)
            if after != everything[position].card:
                replayed[position] = dataclasses.replace(everything[position], card=after)
                changed_written = changed_written or position < len(local)
    added = replayed[len(local) :]
    if not changed_written and _after_everything(orders, local, added, len(local)):
        arrival = sorted(range(len(local), len(replayed)), key=orders.__getitem__)
        return MergedReviews([replayed[position] for position in arrival], whole_log=False)
    for position in range(len(local)):  # the log's order changes: each own review keeps its number
        review = replayed[position]
        if review.device is None:
            replayed[position] = dataclasses.replace(review, device=device, seq=orders[position][2])
    whole = sorted(range(len(replayed)), key=orders.__getitem__)
    return MergedReviews([replayed[position] for position in whole], whole_log=True)


def _out_of_order(local: list[Review], device: str) -> set[str]:
    last: dict[str, Order] = {}
    disordered = set()
    for review, order in zip(local, review_orders(local, device), strict=True):
        before = last.get(review.key)
        if before is not None and order < before:
            disordered.add(review.key)
        else:
            last[review.key] = order
    return disordered


def _after_everything(orders: list[Order], local: list[Review], added: list[Review], start: int) -> bool:
    """Whether every arrived review comes after each local review of its question (then appending
    them keeps each question's answers in order in the log)."""
    last: dict[str, Order] = {}
    for position, review in enumerate(local):
        order = orders[position]
        if review.key not in last or order > last[review.key]:
            last[review.key] = order
    return all(review.key not in last or orders[start + i] > last[review.key] for i, review in enumerate(added))
