"""bot/shell"""
