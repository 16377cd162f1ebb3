"""bot/channels/zalo"""
