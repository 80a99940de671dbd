"""The resolve stage: what needs the articles of a whole build at once.

Per-article extraction (:mod:`diplograph.relations.extract`) describes each event an article
speaks of as an *event mention*. This stage joins the mentions of all articles that speak of
the same real-world event into one event node (:mod:`diplograph.resolve.events`).
"""

from diplograph.resolve.events import EventResolution, ResolvedEvent, mentions_of, resolve_events

__all__ = ["EventResolution", "ResolvedEvent", "mentions_of", "resolve_events"]
