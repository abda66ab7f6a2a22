"""GDPR service: may this personal data go to a partner outside the EEA? (GDPR Chapter V)"""
