// The API key lives in this tab's sessionStorage only: closing the tab forgets it.
const KEY = 'fareflow.apiKey';

export const readApiKey = (): string | null => sessionStorage.getItem(KEY);
export const saveApiKey = (apiKey: string) => sessionStorage.setItem(KEY, apiKey);
export const forgetApiKey = () => sessionStorage.removeItem(KEY);
