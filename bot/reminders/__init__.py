"""Deadline reminders: the Vietnamese working calendar, the reminder policy
(pure), the planner that fills the durable outbox, the dispatcher that sends
from it, and the APScheduler tick that drives both."""
