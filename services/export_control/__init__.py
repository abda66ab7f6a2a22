"""Export-control service: may this technology be shared with a partner abroad?
Dual-use control under Regulation (EU) 2021/821, embargoes, catch-all, end-user screening."""
