"""bot/services/reminders"""
