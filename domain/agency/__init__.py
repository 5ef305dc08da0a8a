"""Full-process agency (全程代理): agents who file and follow cases for enterprises, under mandates."""
