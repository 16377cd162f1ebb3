"""handlers/flows"""
