"""handlers/views"""
