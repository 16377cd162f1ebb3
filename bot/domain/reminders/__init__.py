"""bot/domain/reminders"""
