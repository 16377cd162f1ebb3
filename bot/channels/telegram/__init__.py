"""bot/channels/telegram"""
