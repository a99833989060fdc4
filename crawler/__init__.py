"""Gathering: Scrapy crawls, browser gatherers and portal collectors writing into the run store."""
