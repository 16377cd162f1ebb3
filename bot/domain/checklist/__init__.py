"""bot/domain/checklist"""
